/* control_typedef_spelling: v2 spells the same types differently (signed int, typedef chains, unsigned long long for an equal-sized unsigned long): no change. */
typedef signed int cts_int;
typedef cts_int cts_count_t;
typedef unsigned long long cts_u64;

struct cts_rec {
	cts_count_t count;
	cts_u64 bytes;
};

cts_u64 cts_total;
int cts_f(cts_int x, struct cts_rec *r) { return x + r->count; }
signed cts_g(int x) { return x; }
