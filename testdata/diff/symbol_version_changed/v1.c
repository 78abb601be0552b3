/* symbol_version_changed: sv_f moves from version LIBV_1 to LIBV_2 (see v2.map); sv_g stays. */
int sv_f(int x) { return x + 1; }
int sv_g(int x) { return x + 2; }
