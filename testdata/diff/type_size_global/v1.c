/* type_size_global: struct sg grows at the end; the global variable sg_state holds one by value. */
struct sg {
	int a;
	int b;
};

struct sg sg_state;
int sg_f(struct sg *p) { return p->a; }
