/* type_size_byvalue: struct sb grows at the end and is passed by value: type_size is breaking. */
struct sb {
	int a;
	int b;
};

int sb_f(struct sb v) { return v.a + v.b; }
