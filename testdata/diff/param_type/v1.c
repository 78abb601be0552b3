/* param_type: parameter len of pt_f changes from int to long long. */
int pt_f(int a, int len) { return a + len; }
