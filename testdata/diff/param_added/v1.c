/* param_added: pa_f gains a second parameter b. */
int pa_f(int a) { return a; }
