/* member_added_in_padding: struct mp gains c in its tail padding (size 8 unchanged), passed by value: compatible. */
struct mp {
	int a;
	char b;
	char c;
};

int mp_f(struct mp v) { return v.a + v.b; }
