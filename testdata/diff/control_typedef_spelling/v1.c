/* control_typedef_spelling: v2 spells the same types differently (signed int, typedef chains, unsigned long long for an equal-sized unsigned long): no change. */
typedef int cts_int;
#if __SIZEOF_LONG__ == __SIZEOF_LONG_LONG__
typedef unsigned long cts_u64;
#else
typedef unsigned long long cts_u64;
#endif

struct cts_rec {
	int count;
	cts_u64 bytes;
};

cts_u64 cts_total;
int cts_f(int x, struct cts_rec *r) { return x + r->count; }
cts_int cts_g(cts_int x) { return x; }
