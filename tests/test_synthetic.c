/* test_synthetic.c: not written yet */
int main(void)
{
	return 77;
}
