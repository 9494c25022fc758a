select fare + tip as total, total * 0.1 as fee, fee + 1 as fee_plus
from "raw"."trips"
