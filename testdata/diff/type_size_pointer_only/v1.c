/* type_size_pointer_only: struct sp grows at the end but is reached only through pointers: compatible. */
struct sp {
	int a;
	int b;
};

int sp_f(struct sp *p) { return p->a + p->b; }
