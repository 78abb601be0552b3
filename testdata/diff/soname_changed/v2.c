/* soname_changed: v2 is linked with -soname libv.so.2 (see v2.soname); the code is the same. */
int sn_f(int x) { return x; }
