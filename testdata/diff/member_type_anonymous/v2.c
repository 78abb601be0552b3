/* member_type_anonymous: member f of the anonymous union inside struct au changes from float to unsigned int. */
struct au {
	int tag;
	union {
		unsigned int f;
		int i;
	};
};

int au_f(struct au *p) { return p->tag; }
