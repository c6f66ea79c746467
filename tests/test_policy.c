/* test_policy.c: not written yet */
int main(void)
{
	return 77;
}
