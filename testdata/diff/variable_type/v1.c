/* variable_type: the variable vt_var changes from int to long long. */
int vt_var = 1;
