/* test_service.c: not written yet */
int main(void)
{
	return 77;
}
