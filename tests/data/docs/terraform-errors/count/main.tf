variable "indexes" {
  type    = list(string)
  default = ["by-customer"]
}

resource "aws_appautoscaling_target" "index_reads" {
  count              = length(var.indexes)
  min_capacity       = 5
  max_capacity       = 100
  resource_id        = "table/orders/index/${var.indexes[count.index]}"
  scalable_dimension = "dynamodb:index:ReadCapacityUnits"
  service_namespace  = "dynamodb"
}

resource "aws_appautoscaling_policy" "index_reads" {
  count              = length(var.indexes)
  name               = "index-reads"
  policy_type        = "TargetTrackingScaling"
  resource_id        = aws_appautoscaling_target.index_reads[count.index].resource_id
  scalable_dimension = aws_appautoscaling_target.index_reads[count.index].scalable_dimension
  service_namespace  = aws_appautoscaling_target.index_reads[count.index].service_namespace

  target_tracking_scaling_policy_configuration {
    target_value = 70
    predefined_metric_specification {
      predefined_metric_type = "DynamoDBReadCapacityUtilization"
    }
  }
}
