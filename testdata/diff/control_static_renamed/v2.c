/* control_static_renamed: the static helper behind csr_f is renamed in v2: no change. */
static int helper_new(int x) { return x * 2; }

int csr_f(int x) { return helper_new(x) + 1; }
