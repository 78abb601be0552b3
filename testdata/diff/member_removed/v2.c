/* member_removed: struct mr loses its last member c; its size stays 8 (tail padding). */
struct mr {
	int a;
	char b;
};

int mr_f(struct mr *p) { return p->a + p->b; }
