#pragma once
// A planted mistake for tst_arealayers_refuses: a lower area including a higher one.
#include "deid/Plan.h"
#include "dicom/Tag.h"
