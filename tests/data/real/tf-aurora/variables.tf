################################################################################
# Cluster
################################################################################

variable "make_cluster" {
  default     = true
  type        = bool
  description = "Whether to create the cluster at all"
}

variable "prefix" {
  type    = string
  default = "db"
}

variable "cluster_name" {
  type        = string
  default     = ""
  description = "Identifier of the cluster"
}

variable "engine" {
  description = "Engine of the cluster (`aurora-mysql` or `aurora-postgresql`)"
  type        = string
  default     = null
}

variable "engine_mode" {
  description = "`provisioned` or `serverless`"
  type        = string
  default     = null
}

variable "port" {
  type    = string
  default = null
}

variable "subnet_group" {
  type    = string
  default = ""
}

variable "parameters" {
  type = list(object({
    apply_method = string
    name         = string
    value        = string
  }))
  default = [
    {
      apply_method = "immediate"
      name         = "log_min_duration_statement"
      value        = "1000"
    }
  ]
}

variable "monitoring_role" {
  type    = bool
  default = true
}

variable "monitoring_role_arn" {
  type    = string
  default = ""
}

# aws_appautoscaling_*
variable "reader_scaling" {
  description = "Whether the read replicas scale"
  type        = bool
  default     = false
}

variable "reader_scaling_max" {
  type    = number
  default = 3
}

variable "reader_scaling_min" {
  type    = number
  default = 1
}

variable "reader_metric" {
  description = "`RDSReaderAverageCPUUtilization` or `RDSReaderAverageDatabaseConnections`"
  type        = string
  default     = "RDSReaderAverageCPUUtilization"
}

variable "reader_scale_in_cooldown" {
  type    = number
  default = 600
}

variable "reader_scale_out_cooldown" {
  type    = number
  default = 120
}

variable "reader_cpu_target" {
  type    = number
  default = 60
}

variable "reader_connections_target" {
  type    = number
  default = 500
}
