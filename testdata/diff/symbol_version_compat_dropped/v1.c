/* symbol_version_compat_dropped: v1 exports vcd@LIBV_1 (compat) and vcd@@LIBV_2; v2 keeps only vcd@@LIBV_2. */
int vcd_old(int x) { return x; }
int vcd_new(int x) { return x + 1; }
__asm__(".symver vcd_old,vcd@LIBV_1");
__asm__(".symver vcd_new,vcd@@LIBV_2");
