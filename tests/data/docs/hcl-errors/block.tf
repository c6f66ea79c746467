resource "aws_appautoscaling_target" "t" {
}
resource "aws_appautoscaling_target" "t" {
}
