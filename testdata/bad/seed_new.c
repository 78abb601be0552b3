/* seed.c, one release later: tag[] grew (a breaking change for diff). */
typedef unsigned int seed_u32;

struct seed_node {
	seed_u32 id;
	char tag[16];
	struct seed_node *next;
};

struct seed_node seed_head;

int seed_count(const struct seed_node *n)
{
	return n ? (int)n->id : 0;
}
