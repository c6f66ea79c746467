/* test_histogram.c: not written yet */
int main(void)
{
	return 77;
}
