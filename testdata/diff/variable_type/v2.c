/* variable_type: the variable vt_var changes from int to long long. */
long long vt_var = 1;
