/* type_kind_changed: tk_msg is a struct in v1 and a union (same size and alignment) in v2. */
union tk_msg {
	int a;
};

int tk_f(union tk_msg *m) { return m->a; }
