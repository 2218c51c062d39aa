@echo off
rem Launcher for Jobwarden on Windows. In a distribution the jar sits in ..\lib; in a source checkout, in server\target.
setlocal
set "HOME_DIR=%~dp0.."
if not "%JOBWARDEN_JAR%"=="" (set "JAR=%JOBWARDEN_JAR%" & goto found)
set "JAR=%HOME_DIR%\lib\jobwarden.jar"
if exist "%JAR%" goto found
set "JAR=%HOME_DIR%\server\target\jobwarden.jar"
if exist "%JAR%" goto found
if exist "%HOME_DIR%\pom.xml" (
  echo jobwarden: building %JAR% ^(first run; takes a minute^)... 1>&2
  pushd "%HOME_DIR%" & call mvn -q -B -DskipTests package & popd
)
if exist "%JAR%" goto found
echo jobwarden: cannot find jobwarden.jar; set JOBWARDEN_JAR 1>&2
exit /b 2
:found
set "JAVA_CMD=java"
if not "%JAVA_HOME%"=="" if exist "%JAVA_HOME%\bin\java.exe" set "JAVA_CMD=%JAVA_HOME%\bin\java.exe"
"%JAVA_CMD%" %JOBWARDEN_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
