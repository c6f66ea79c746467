variable "name" {
  type        = string
  description = "Prefix of the IAM names (e.g. `orders`)"
}

variable "table_name" {
  type        = string
  description = "Name of the table to scale"
}

variable "index_names" {
  type        = list(string)
  description = "Global secondary indexes to scale as well"
  default     = []
}

variable "read_target" {
  default     = 65
  description = "Read utilization to keep, in percent"
}

variable "write_target" {
  default     = 55
  description = "Write utilization to keep, in percent"
}

variable "min_read_units" {
  default     = 10
  description = "Floor of the read capacity"
}

variable "max_read_units" {
  default     = 400
  description = "Ceiling of the read capacity"
}

variable "min_write_units" {
  default     = 5
  description = "Floor of the write capacity"
}

variable "max_write_units" {
  default     = 150
  description = "Ceiling of the write capacity"
}

variable "enabled" {
  description = "Set to \"false\" to create nothing"
  default     = "true"
}

variable "region" {
  description = "Region of the table"
  default     = "eu-north-1"
}
