/* control_unreachable_type: struct cu_private changes, but no exported symbol reaches it: no change. */
struct cu_private {
	int a;
};

static int cu_helper(struct cu_private *p) { return p->a; }
__attribute__((visibility("hidden"))) int cu_hidden(struct cu_private *p) { return cu_helper(p); }

int cu_f(int x) { return x; }
