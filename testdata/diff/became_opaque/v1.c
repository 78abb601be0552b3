/* became_opaque: struct bo is defined in v1 and only declared in v2. */
struct bo {
	int a;
};

int bo_f(struct bo *p) { return p != 0; }
