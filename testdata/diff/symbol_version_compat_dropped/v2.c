/* symbol_version_compat_dropped: v1 exports vcd@LIBV_1 (compat) and vcd@@LIBV_2; v2 keeps only vcd@@LIBV_2. */
int vcd(int x) { return x + 1; }
