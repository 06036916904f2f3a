#pragma once
// Allowed: deid uses dicom. Planted: DCMTK outside core/dicom and core/pacs, and Qt Widgets.
#include <QWidget>
#include <dcmtk/dcmdata/dcitem.h>

#include "dicom/Tag.h"
