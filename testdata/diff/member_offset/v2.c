/* member_offset: the two members of struct mo swap places (same size). */
struct mo {
	int i;
	short s;
};

int mo_f(struct mo *p) { return p->s + p->i; }
