/* type_kind_changed: tk_msg is a struct in v1 and a union (same size and alignment) in v2. */
struct tk_msg {
	int a;
};

int tk_f(struct tk_msg *m) { return m->a; }
