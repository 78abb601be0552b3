/* type_size_embedded: struct se_inner grows; struct se_outer embeds it by value and is reached through a pointer. */
struct se_inner {
	int a;
	int b;
};

struct se_outer {
	struct se_inner in;
	int tail;
};

int se_f(struct se_outer *p) { return p->tail; }
