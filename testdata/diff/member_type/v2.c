/* member_type: member b of struct mt changes from int to float (same size and offset); three symbols reach it. */
struct mt {
	int a;
	float b;
};

struct mt *mt_default;
int mt_get(struct mt *p) { return (int)p->b; }
void mt_set(struct mt *p, int v) { p->b = v; }
