/* param_removed: pr_f loses its second parameter b. */
int pr_f(int a) { return a; }
