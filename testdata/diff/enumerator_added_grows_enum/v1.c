/* enumerator_added_grows_enum: enum eg gains EG_BIG = 2^32, which makes it 8 bytes instead of 4. */
enum eg {
	EG_A,
	EG_B,
};

int eg_f(enum eg e) { return e == EG_B; }
