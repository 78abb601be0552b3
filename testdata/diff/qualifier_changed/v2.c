/* qualifier_changed: parameter s of qc_len loses const (const char * -> char *). */
int qc_len(char *s) { return s[0]; }
