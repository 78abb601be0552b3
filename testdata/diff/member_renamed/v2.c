/* member_renamed: member b of struct mn is renamed count (same offset, size and type). */
struct mn {
	int a;
	int count;
};

int mn_f(struct mn *p) { return p->a; }
