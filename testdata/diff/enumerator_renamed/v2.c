/* enumerator_renamed: EN_B of enum en is renamed EN_SECOND (same value 1). */
enum en {
	EN_A,
	EN_SECOND,
};

int en_f(enum en e) { return e == EN_A; }
