/* bitfield_changed: bitfield b of struct bf widens from 5 to 6 bits (same storage unit, same size). */
struct bf {
	unsigned int a : 3;
	unsigned int b : 5;
};

int bf_f(struct bf *p) { return p->a + p->b; }
