/* type_alignment: struct ta becomes 8-byte aligned (same size 8) and is passed by value. */
struct ta {
	int a;
	int b;
};

int ta_f(struct ta v) { return v.a + v.b; }
