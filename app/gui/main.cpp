// veil: the review GUI. main() wires; the windows live in ui/, the engine in core/.
#include "MainWindow.h"
#include "Settings.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("veil");
    QApplication::setOrganizationName("Veil");
    QApplication::setApplicationVersion(VEIL_VERSION);
    QCommandLineParser parser;
    parser.setApplicationDescription("Review and de-identify DICOM studies.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("PATH", "Files, folders, zip archives or DICOMDIRs to open.",
                                 "[PATH...]");
    parser.process(app);
    veil::ui::MainWindow window;
    if (!veil::ui::Settings::windowGeometry().isEmpty())
        window.show();
    else
        window.showMaximized(); // first run: use the screen

    window.openPaths(parser.positionalArguments());
    return app.exec();
}
