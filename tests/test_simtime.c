/* test_simtime.c: not written yet */
int main(void)
{
	return 77;
}
