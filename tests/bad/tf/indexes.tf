variable "indexes" { default = ["by-day"] }

resource "aws_appautoscaling_target" "index" {
  count              = length(var.indexes)
  min_capacity       = 5
  max_capacity       = 50
  resource_id        = "table/t/index/${var.indexes[count.index]}"
  scalable_dimension = "dynamodb:index:ReadCapacityUnits"
  service_namespace  = "dynamodb"
}
