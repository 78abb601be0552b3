/* control_reordered: v2 declares the same types, functions and variables in another order: no change. */
struct cr_a {
	int x;
};

struct cr_b {
	struct cr_a *a;
	long long y;
};

int cr_count;
int cr_f(struct cr_a *a) { return a->x; }
int cr_g(struct cr_b *b) { return (int)b->y; }
