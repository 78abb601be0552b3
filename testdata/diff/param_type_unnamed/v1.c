/* param_type_unnamed: the unnamed second parameter of pu_f changes from int to long long (path without a name). */
int pu_f(int a, int) { return a; }
