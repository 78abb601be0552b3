/* enumerator_removed: enum er loses its last enumerator ER_C. */
enum er {
	ER_A,
	ER_B,
};

int er_f(enum er e) { return e == ER_B; }
