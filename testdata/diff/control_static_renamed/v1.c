/* control_static_renamed: the static helper behind csr_f is renamed in v2: no change. */
static int helper_old(int x) { return x * 2; }

int csr_f(int x) { return helper_old(x) + 1; }
