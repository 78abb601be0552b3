/* enumerator_removed: enum er loses its last enumerator ER_C. */
enum er {
	ER_A,
	ER_B,
	ER_C,
};

int er_f(enum er e) { return e == ER_B; }
