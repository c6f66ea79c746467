/* test_node.c: not written yet */
int main(void)
{
	return 77;
}
