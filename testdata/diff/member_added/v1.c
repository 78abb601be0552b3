/* member_added: struct ma gains x between a and b, which moves b; reached through a pointer only. */
struct ma {
	int a;
	int b;
};

int ma_f(struct ma *p) { return p->a + p->b; }
