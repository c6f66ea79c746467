/* test_expect.c: being written (issue 6). */
int main(void)
{
	return 77;
}
