/* test_rng.c: not written yet */
int main(void)
{
	return 77;
}
