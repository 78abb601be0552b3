/* variadic_changed: vc_f becomes variadic. */
int vc_f(int n, ...) { return n; }
